// The bridge to the wasm module (src/app/web_main.cpp) and the URL's state. Every bridge call takes
// and returns JSON text; the module is loaded once, on the first lesson.
import { shell } from './state.js';
import { $ } from './dom.js';
import { shadowGlState } from './gl-state.js';

// URL state: #lesson=ID&section=S&lang=L&lab=NAME&preset=JSON ---------------------------------
// The preset always describes the open lab, named by `lab` (absent in old links: the header's lab).
export function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const field = (k) => p.get(k);
  return { lesson: field('lesson'), section: field('section'), lang: field('lang'), lab: field('lab'),
    preset: field('preset') };
}

export function writeHash(fields) {
  const p = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined || v === '') p.delete(k); else p.set(k, v);
  }
  const hash = p.toString();
  history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
}

// The wasm module -------------------------------------------------------------------------------
// Two builds of one module: course-mt.js trains on a thread of its own (wasm threads), which a
// browser allows only on a cross-origin isolated page (COOP/COEP headers: nginx sends them, and on
// another host the service worker adds them, sw.js); elsewhere course.js trains between frames.
// ?threads=off picks course.js on any page (to compare the two).
export function moduleScript() {
  const off = new URLSearchParams(location.search).get('threads') === 'off';
  return self.crossOriginIsolated && typeof SharedArrayBuffer === 'function' && !off
    ? 'course-mt.js' : 'course.js';
}

// Resolves to the module once it runs; 'course:module' tells the rest of the shell (presenter mode
// sets the lab's scale then).
export function loadModule() {
  if (shell.modulePromise) return shell.modulePromise;
  shell.modulePromise = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = moduleScript();
    script.onerror = () => reject(new Error(script.src + ' did not load'));
    script.onload = () => {
      shadowGlState();
      window.createCourseModule({
        canvas: $('#canvas'),
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
        openGpu,
      }).then((m) => {
        shell.module = m;
        m.ccall('course_set_visible', null, ['number'], [$('#lesson').hidden ? 0 : 1]);
        m.ccall('course_set_lang', null, ['string'], [shell.lang]);
        document.dispatchEvent(new CustomEvent('course:module'));
        resolve(m);
      }, reject);
    };
    document.head.appendChild(script);
  });
  return shell.modulePromise;
}

// WebGPU for the labs that ask for it (src/gpu/gpu.cpp calls Module.openGpu once): the device
// layer (gpu/webgpu.js) and its device, or why there is none, become Module.gpuLayer; until then
// it is {} (opening).
function openGpu() {
  const m = this;
  m.gpuLayer = {};
  import('../gpu/webgpu.js')
    .then((G) => G.openGpu('shaders/').then((o) => ({ G, ...o })))
    .then((o) => { m.gpuLayer = o.gpu ? { G: o.G, gpu: o.gpu } : { reason: o.reason }; })
    .catch((e) => { m.gpuLayer = { reason: `the WebGPU layer did not load: ${e.message}` }; });
}

// Every bridge call: JSON text in, JSON text out.
export function call(fn, ...args) {
  return JSON.parse(shell.module.ccall(fn, 'string', args.map(() => 'string'), args));
}

// Bytes into the module's memory; the caller frees the pointer. writeArrayToMemory, not HEAPU8:
// in the threaded module the memory may grow on another thread, leaving the page's HEAPU8 view
// short, and Emscripten's own helpers renew it.
export function copyIn(m, bytes) {
  const ptr = m._malloc(Math.max(1, bytes.length));
  m.writeArrayToMemory(bytes, ptr);
  return ptr;
}

// The validator reads the file's bytes, so a file that is not UTF-8 is reported by line.
export function checkLesson(bytes) {
  const m = shell.module;
  const ptr = copyIn(m, bytes);
  try {
    return JSON.parse(m.ccall('course_check_lesson', 'string', ['number', 'number'], [ptr, bytes.length]));
  } finally {
    m._free(ptr);
  }
}

// What the shell needs of a lab (course_labs, asked once): its title, the words for its state keys,
// its headline keys, its "Your data" box. Null for a name the module does not know.
export function labInfo(name) {
  if (!shell.module) return null;
  if (!shell.labs) shell.labs = call('course_labs');
  return shell.labs.find((l) => l.name === name) || null;
}
