// Dear ImGui's OpenGL backend saves and restores the GL state around every frame it renders. In
// Chromium, WebGL answers getParameter(SCISSOR_BOX) and the blend queries with a round trip to the
// GPU process, which first finishes every command queued before it: the page then waited, each
// frame, for the last frame to be rasterised (40 ms of a 50 ms frame under SwiftShader), instead
// of training or drawing meanwhile. Only the page sets these values, so they are answered from a
// shadow of their setters; any other query goes to WebGL as before.
const G = WebGL2RenderingContext.prototype;
const SCISSOR_BOX = G.SCISSOR_BOX;
const BLEND = [G.BLEND_SRC_RGB, G.BLEND_DST_RGB, G.BLEND_SRC_ALPHA, G.BLEND_DST_ALPHA,
  G.BLEND_EQUATION_RGB, G.BLEND_EQUATION_ALPHA];
const shadows = new WeakMap();  // context -> {pname: value}

function shadowOf(gl) {
  let s = shadows.get(gl);
  if (!s) {
    s = {};
    shadows.set(gl, s);
  }
  return s;
}

export function shadowGlState() {
  if (G.__courseShadow) return;
  G.__courseShadow = true;
  const { getParameter, scissor, blendFunc, blendFuncSeparate, blendEquation, blendEquationSeparate } = G;
  G.scissor = function (x, y, w, h) {
    shadowOf(this)[SCISSOR_BOX] = Int32Array.of(x, y, w, h);
    return scissor.call(this, x, y, w, h);
  };
  const setBlend = (gl, values) => {
    const s = shadowOf(gl);
    BLEND.forEach((p, i) => { if (values[i] !== undefined) s[p] = values[i]; });
  };
  G.blendFunc = function (src, dst) {
    setBlend(this, [src, dst, src, dst]);
    return blendFunc.call(this, src, dst);
  };
  G.blendFuncSeparate = function (sr, dr, sa, da) {
    setBlend(this, [sr, dr, sa, da]);
    return blendFuncSeparate.call(this, sr, dr, sa, da);
  };
  G.blendEquation = function (mode) {
    setBlend(this, [undefined, undefined, undefined, undefined, mode, mode]);
    return blendEquation.call(this, mode);
  };
  G.blendEquationSeparate = function (rgb, alpha) {
    setBlend(this, [undefined, undefined, undefined, undefined, rgb, alpha]);
    return blendEquationSeparate.call(this, rgb, alpha);
  };
  G.getParameter = function (p) {
    if (p !== SCISSOR_BOX && !BLEND.includes(p)) return getParameter.call(this, p);
    const s = shadowOf(this);
    if (!(p in s)) s[p] = getParameter.call(this, p);  // once, before the page set it
    return p === SCISSOR_BOX ? Int32Array.from(s[p]) : s[p];
  };
}
