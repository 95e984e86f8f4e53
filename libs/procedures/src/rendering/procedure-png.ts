import { renderAsync } from '@resvg/resvg-js';

/**
 * A diagram as PNG, for office documents and reports that take no SVG: the SVG rasterised by resvg (a
 * maintained SVG renderer, off the event loop) at twice its size, with the system's fonts (DejaVu Sans,
 * which the SVG names first, has the Vietnamese glyphs).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
  });
  return image.asPng();
}
