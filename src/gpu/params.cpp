#include "gpu/params.h"

#include <chrono>

namespace gpu {

Params upload(const eng::ParamList& ps, const eng::Adam& opt) {
  Params p;
  p.adam = {opt.lr, opt.beta1, opt.beta2, opt.eps, opt.weight_decay, opt.decoupled};
  p.t = opt.t;
  for (size_t i = 0; i < ps.size(); ++i) {
    const int n = ps[i]->value.size();
    p.sizes.push_back(n);
    p.w.push_back(buffer(n));
    write(p.w.back(), ps[i]->value.data(), n);
    p.dw.push_back(buffer(n));
    p.m.push_back(buffer(n));
    p.v.push_back(buffer(n));
    if (opt.t > 0 && i < opt.m.size()) {
      write(p.m.back(), opt.m[i].data(), n);
      write(p.v.back(), opt.v[i].data(), n);
    }
    p.adam_cmds.push_back(adam(p.adam, n, p.w[i], p.dw[i], p.m[i], p.v[i]));
  }
  return p;
}

void next_step(Params& p) {
  ++p.t;
  for (Cmd c : p.adam_cmds) adam_at(c, p.adam, p.t);
}

Readback read_back(const Params& p, bool moments) {
  Readback r;
  r.moments = moments;
  r.t = p.t;
  for (size_t i = 0; i < p.w.size(); ++i) {
    r.tickets.push_back(read(p.w[i], p.sizes[i]));
    r.sizes.push_back(p.sizes[i]);
  }
  if (moments)
    for (size_t i = 0; i < p.w.size(); ++i) {
      r.tickets.insert(r.tickets.end(), {read(p.m[i], p.sizes[i]), read(p.v[i], p.sizes[i])});
      r.sizes.insert(r.sizes.end(), {p.sizes[i], p.sizes[i]});
    }
  r.got.assign(r.tickets.size(), {});
  return r;
}

bool arrived(Readback& r) {
  bool all = true;
  for (size_t k = 0; k < r.tickets.size(); ++k) {
    if (!r.got[k].empty()) continue;
    std::vector<float> x(static_cast<size_t>(r.sizes[k]));
    if (take(r.tickets[k], x.data(), r.sizes[k]))
      r.got[k] = std::move(x);
    else
      all = false;
  }
  return all;
}

void apply(const Readback& r, const eng::ParamList& ps, eng::Adam* opt) {
  for (size_t i = 0; i < ps.size(); ++i) ps[i]->value.v = r.got[i];
  if (!r.moments || !opt) return;
  opt->t = r.t;
  opt->m.resize(ps.size());
  opt->v.resize(ps.size());
  for (size_t i = 0; i < ps.size(); ++i) {
    opt->m[i] = r.got[ps.size() + 2 * i];
    opt->v[i] = r.got[ps.size() + 2 * i + 1];
  }
}

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Synced sync(Mirror& m, const Params& p, long step, bool losses_pending, const eng::ParamList& ps,
            eng::Adam* opt) {
  if (m.reads.empty()) {
    if (!m.leaving && now_ms() - m.reads_at < kReadEveryMs) return Synced::nothing;
    m.reads = read_back(p, m.leaving);
    m.reads_step = step;
    m.reads_at = now_ms();
    return Synced::nothing;
  }
  if (!arrived(m.reads)) return Synced::nothing;
  if (m.reads.moments && losses_pending) return Synced::nothing;
  apply(m.reads, ps, opt);
  m.step = m.reads_step;
  const bool all = m.reads.moments;
  m.reads = {};
  return all ? Synced::all : Synced::weights;
}

}  // namespace gpu
