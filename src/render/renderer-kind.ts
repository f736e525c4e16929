// What a WebGL renderer string says about the hardware behind it (shared by the page and Node).

export type RendererKind = 'gpu' | 'llvmpipe' | 'swiftshader';

export function rendererKindOf(renderer: string): RendererKind {
  if (/swiftshader/i.test(renderer)) return 'swiftshader';
  if (/llvmpipe|softpipe|lavapipe|software/i.test(renderer)) return 'llvmpipe';
  return 'gpu';
}

/** The renderer as a person should read it: "SwiftShader (software)" rather than a driver string. */
export function rendererLabel(renderer: string): string {
  const kind = rendererKindOf(renderer);
  return kind === 'swiftshader' ? 'SwiftShader (software, no GPU)' : kind === 'llvmpipe' ? 'Mesa llvmpipe (software, no GPU)' : renderer;
}
