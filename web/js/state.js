// The shell's state: which chapter and lab are shown, and what the wasm module last answered.
// One object, shared by the shell's modules (each reads and writes only its own fields' meaning).

export const shell = {
  lang: 'en',
  index: [],           // lessons/index.json: the chapters
  module: null,        // the wasm module, once loaded
  modulePromise: null,
  labs: null,          // course_labs: what the shell needs of every lab (bridge.js)
  lessonId: null,      // the chapter shown
  labName: null,       // the lab open in the module (one of the chapter's labs)
  seeded: new Set(),   // the labs this chapter has opened (each keeps its state when we switch away)
  check: null,         // the validator's answer for the shown lesson
  section: null,
  lastPreset: '',
  poll: null,
  lastStatus: null,    // the last course_status answer
};
