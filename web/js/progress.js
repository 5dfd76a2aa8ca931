// A learner's progress, kept in this browser (localStorage) and portable as a file:
//   { format: "course-progress", version: 1,
//     last: { lesson, section, lang },                       where to resume
//     lessons: { "<id>": { visited: ["<section>", ...], exercises: { "<id>": true } } } }
// Anything stored that does not have this shape (corrupt, foreign, from a newer version) is
// reported once, kept aside under a backup key, and replaced by an empty record: never a blank page.
const KEY = 'course.progress';
const BACKUP = 'course.progress.unreadable';

function empty() {
  return { format: 'course-progress', version: 1, last: null, lessons: {} };
}

// Returns the problem with `p` as a sentence, or '' when it is a valid progress record.
function validate(p) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return 'not a JSON object';
  if (p.format !== 'course-progress') return 'not a progress file of this course';
  if (p.version !== 1) return `version ${p.version} is not supported (expected 1)`;
  if (!p.lessons || typeof p.lessons !== 'object' || Array.isArray(p.lessons)) return '"lessons" is missing';
  for (const [id, l] of Object.entries(p.lessons)) {
    if (!l || !Array.isArray(l.visited) || l.visited.some((s) => typeof s !== 'string')) {
      return `lesson "${id}": "visited" must be a list of section ids`;
    }
    if (l.exercises !== undefined && (typeof l.exercises !== 'object' || Array.isArray(l.exercises))) {
      return `lesson "${id}": "exercises" must be an object`;
    }
  }
  const last = p.last;
  if (last !== null && last !== undefined && (typeof last !== 'object' || typeof last.lesson !== 'string')) {
    return '"last" must name a lesson';
  }
  return '';
}

let problem = '';  // why stored progress was replaced, shown once by the shell

function load() {
  let raw = null;
  try { raw = localStorage.getItem(KEY); } catch (e) { return empty(); }
  if (raw === null) return empty();
  let p;
  try { p = JSON.parse(raw); } catch (e) { p = undefined; }
  const why = p === undefined ? 'it is not valid JSON' : validate(p);
  if (!why) return p;
  problem = why;
  try {
    localStorage.setItem(BACKUP, raw);
    localStorage.setItem(KEY, JSON.stringify(empty()));
  } catch (e) { /* storage full or blocked: keep going in memory */ }
  return empty();
}

let state = load();

function save() {
  try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: in memory only */ }
}

function lesson(id) {
  if (!state.lessons[id]) state.lessons[id] = { visited: [], exercises: {} };
  if (!state.lessons[id].exercises) state.lessons[id].exercises = {};
  return state.lessons[id];
}

export const progress = {
  takeProblem() { const p = problem; problem = ''; return p; },
  get() { return state; },
  visit(id, section, lang) {
    const l = lesson(id);
    if (section && !l.visited.includes(section)) l.visited.push(section);
    state.last = { lesson: id, section: section || null, lang };
    save();
  },
  passExercise(id, exercise) { lesson(id).exercises[exercise] = true; save(); },
  exportText() { return JSON.stringify(state, null, 2); },
  // Replaces everything with the file's content; returns '' or why the file was refused.
  importText(text) {
    let p;
    try { p = JSON.parse(text); } catch (e) { return 'the file is not valid JSON'; }
    const why = validate(p);
    if (why) return why;
    state = p;
    save();
    return '';
  },
  reset() { state = empty(); save(); },
};
