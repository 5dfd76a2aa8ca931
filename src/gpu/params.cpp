#include "gpu/params.h"

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

}  // namespace gpu
