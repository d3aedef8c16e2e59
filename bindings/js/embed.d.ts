// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Types for `import 'wasmconv/embed'` (dist/embed.js): importing it registers the
// <wasmconv-figure> custom element. These declarations type the element that
// document.createElement('wasmconv-figure') and querySelector('wasmconv-figure') return,
// its attributes and the values each accepts (web/embed/attributes.js is the table the
// element validates with; tests/js/embed-types.test.mjs holds this file to it).

/** A number, or an `HxW` pair such as `'5'` or `'5x7'` (height x width). */
export type FigurePair = `${number}` | `${number}x${number}`;

/** The views a figure can show. */
export type FigureView = 'mechanics' | 'matrix' | 'arithmetic' | 'checkerboard' | 'receptive-field';

/** The sliders the `controls` attribute can list. */
export type FigureControl = 'input' | 'kernel' | 'stride' | 'padding' | 'dilation';

/**
 * The attributes of `<wasmconv-figure>` and the values each accepts. The figure's setting
 * uses the playground's URL vocabulary (docs/playground.md); an invalid value is reported
 * inside the figure, naming only what that attribute accepts, and the default is used.
 */
export interface WasmconvFigureAttributes {
  /**
   * What the figure shows: `mechanics` (the kernel moving over the input; transposed: scatter
   * beside zero insertion), `matrix` (`C` or `Cᵀ`), `arithmetic` (the size formulas with the
   * figure's numbers), `checkerboard` (overlap and its artefacts), `receptive-field` (a stack
   * of layers). Default `mechanics`.
   */
  view: FigureView;
  /** `conv` (default) or `transposed` convolution. */
  mode: 'conv' | 'transposed';
  /** The input's size: `'5'` or `'5x7'`; 1 to 32 per axis. Default `'5'`. */
  input: FigurePair;
  /** The kernel's size: `'3'` or `'3x2'`; 1 to 15 per axis. Default `'3'`. */
  kernel: FigurePair;
  /** The stride: `'2'` or `'2x1'`; 1 to 8 per axis. Default `'1'`. */
  stride: FigurePair;
  /**
   * The padding: one number or `HxW` for both sides of each axis, `top,left,bottom,right`,
   * or `same` / `valid`. Default `'0'`.
   */
  padding: FigurePair | `${number},${number},${number},${number}` | 'same' | 'valid';
  /** The dilation: `'2'` or `'2x2'`; 1 to 8 per axis. Default `'1'`. */
  dilation: FigurePair;
  /** The transposed convolution's output padding: 0 to 7 per axis. Default `'0'`. */
  'output-padding': FigurePair;
  /**
   * The transposed convolution's output size (`mode="transposed"` only); the padding is
   * derived from it (and `padding` must stay 0). Default: the size the padding gives.
   */
  'output-size': FigurePair;
  /** Input x output channels of the layer counted by the arithmetic view: `'16x32'`. Default `'1'`. */
  channels: FigurePair;
  /** The layer's groups (divides both channel counts), 1 to 64. Default `'1'`. */
  'group-count': `${number}`;
  /** Whether the layer counted by the arithmetic view has a bias. Default `'false'`. */
  bias: 'true' | 'false';
  /**
   * The receptive-field view's stack, comma-separated: kernel size, then `s` stride,
   * `d` dilation, `t` transposed (`'3,3d2,3d4,3d8'`).
   */
  layers: string;
  /**
   * Sliders, each labelled and showing its value: the bare attribute (`''`) shows stride,
   * dilation and kernel; or list some of {@link FigureControl}, separated by spaces or commas
   * (`'stride dilation'`).
   */
  controls: '' | FigureControl | `${FigureControl} ${string}` | `${FigureControl},${string}`;
  /** Present: the matrix view also shows `CᵀC` and its live checks (a boolean attribute: any value). */
  details: string;
  /**
   * `auto` (default) follows the page's background behind the figure (and its changes, such
   * as a blog's night-mode class); `light` or `dark` force a palette.
   */
  theme: 'auto' | 'light' | 'dark';
  /** Where "Open in the playground" points; without it there is no link. */
  'playground-url': string;
  /** `lazy` (default: loads when the figure nears the viewport) or `eager`. */
  loading: 'lazy' | 'eager';
}

/** The name of an attribute of `<wasmconv-figure>`. */
export type WasmconvFigureAttribute = keyof WasmconvFigureAttributes;

/**
 * `<wasmconv-figure>`: a live convolution figure in a shadow root, drawn by the wasmconv
 * library, that reserves its height before it renders (no layout shift) and loads the
 * WebAssembly module when it nears the viewport (all figures share one instance). Every
 * attribute change re-renders it.
 *
 * @example
 * ```ts
 * import 'wasmconv/embed';
 * const figure = document.createElement('wasmconv-figure');
 * figure.setAttribute('mode', 'transposed');
 * figure.setAttribute('stride', '2');
 * figure.setAttribute('controls', 'stride dilation');
 * document.body.append(figure);
 * ```
 */
export interface WasmconvFigureElement extends HTMLElement {
  /**
   * Sets one of the figure's attributes, typed by {@link WasmconvFigureAttributes}.
   * @param name  the attribute.
   * @param value  a value that attribute accepts.
   */
  setAttribute<K extends WasmconvFigureAttribute>(name: K, value: WasmconvFigureAttributes[K]): void;
  /**
   * Sets any other attribute (`id`, `class`, `style`, ...).
   * @param name  an attribute that is not one of the figure's own.
   * @param value  its value.
   */
  setAttribute<N extends string>(name: N extends WasmconvFigureAttribute ? never : N, value: string): void;
  /**
   * The figure's `data-*` state, set by the figure: `state` is `waiting` (for the
   * viewport), `loading` (the module), `ready` or `error`; `theme` is the palette in use.
   */
  readonly dataset: DOMStringMap & {
    /** Where the figure is: waiting (for the viewport), loading, ready (rendered) or error. */
    state?: 'waiting' | 'loading' | 'ready' | 'error';
    /** The palette in use: `theme="auto"` resolved against the page. */
    theme?: 'light' | 'dark';
  };
}

/** Per attribute, how the figure checks its value (web/embed/attributes.js). */
export interface FigureAttributeSpec {
  /**
   * `words` (one of `values`, the first the default), `list` (some of `values`), `flag`
   * (present or absent), `url`, or the playground's vocabulary: `pair`, `padding`,
   * `number`, `layers`.
   */
  readonly kind: 'words' | 'list' | 'flag' | 'url' | 'pair' | 'padding' | 'number' | 'layers';
  /** The accepted words (`words` and `list` only). */
  readonly values?: readonly string[];
  /** What the bare attribute means (`list` only). */
  readonly bare?: readonly string[];
  /** Part of the playground's URL vocabulary (read alike by the playground and the iframe page). */
  readonly state?: boolean;
}

/** The table the figure validates its attributes with, in the order the docs list them. */
export declare const FIGURE_ATTRIBUTES: { readonly [K in WasmconvFigureAttribute]: FigureAttributeSpec };

/** The attributes that are part of the playground's URL vocabulary (the iframe page's query string). */
export declare const ATTRIBUTES: readonly WasmconvFigureAttribute[];

declare global {
  interface HTMLElementTagNameMap {
    /** `<wasmconv-figure>`, registered by `import 'wasmconv/embed'`. */
    'wasmconv-figure': WasmconvFigureElement;
  }
}
