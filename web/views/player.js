// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Play, pause, step, restart and speed for the animated views. It plays on its own
// unless the reader asked for reduced motion (prefers-reduced-motion: reduce), then it
// waits for Play or Step; asking for it later stops the animation. The player element says whether it is playing in
// data-playing, and its current step in data-step, for tests and assistive tech.

const SPEEDS = [
  ['slow', 1400],
  ['normal', 800],
  ['fast', 350],
];

let chosenSpeed = 'normal'; // kept across re-renders of the views

export const prefersReducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * @param {object} spec
 * @param {number} spec.steps            number of steps before it wraps to the first
 * @param {(k: number) => void} spec.onStep  shows step k (k = -1: the start, nothing done)
 * @param {string} spec.label            what a step does, for the buttons' names
 * @returns {{ element: HTMLElement, pause: () => void, stop: () => void }}
 */
export function createPlayer({ steps, onStep, label }) {
  const element = document.createElement('div');
  element.className = 'player';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Animation');
  element.dataset.testid = 'player';
  let timer = null;
  let step = -1;
  const show = (k) => {
    step = k;
    element.dataset.step = String(k);
    onStep(k);
  };
  const advance = () => show(step + 1 >= steps ? -1 : step + 1);

  const button = (text, name, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', name);
    b.addEventListener('click', onClick);
    element.append(b);
    return b;
  };
  const setPlaying = (playing) => {
    clearInterval(timer);
    timer = playing ? setInterval(advance, SPEEDS.find(([n]) => n === chosenSpeed)[1]) : null;
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    element.dataset.playing = String(playing);
  };
  const play = button('Play', `Play: ${label}`, () => setPlaying(!timer));
  play.dataset.action = 'play';
  button('Step', `Step: ${label}`, () => {
    setPlaying(false);
    advance();
  }).dataset.action = 'step';
  button('Restart', 'Back to the start', () => {
    setPlaying(false);
    show(-1);
  }).dataset.action = 'restart';
  const speedLabel = document.createElement('label');
  speedLabel.className = 'inline';
  speedLabel.textContent = 'Speed ';
  const speed = document.createElement('select');
  speed.dataset.action = 'speed';
  for (const [name] of SPEEDS) speed.append(new Option(name, name));
  speed.value = chosenSpeed;
  speed.addEventListener('change', () => {
    chosenSpeed = speed.value;
    if (timer) setPlaying(true);
  });
  speedLabel.append(speed);
  element.append(speedLabel);

  show(-1);
  setPlaying(!prefersReducedMotion() && steps > 1);
  // Asking for reduced motion while the page is open stops the animation too.
  const motion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const onMotion = () => motion.matches && setPlaying(false);
  motion?.addEventListener('change', onMotion);
  return {
    element,
    pause: () => timer && setPlaying(false),
    // Stopped for good (the view is redrawn, cleared or out of date): it says so too.
    stop: () => {
      setPlaying(false);
      motion?.removeEventListener('change', onMotion);
    },
  };
}
