/**
 * Reads the text back from an uncompressed PDF made by pdfkit (tests only): each embedded font has a
 * ToUnicode map from its glyph ids to characters; text is shown as hex glyph ids in TJ/Tj operators.
 * Decodes every shown string with every font's map and returns one decoded text per font, so a test
 * can look for a phrase in the font it was written in. A glyph missing from the font, or mapped to
 * the wrong character, makes the phrase absent.
 */
export function pdfTextsByFont(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const maps: Map<number, string>[] = [];
  for (const cmap of text.matchAll(/begincmap([\s\S]*?)endcmap/g)) {
    const map = new Map<number, string>();
    const body = cmap[1]!;
    for (const section of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of section[1]!.matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const start = parseInt(m[1]!, 16);
        const end = parseInt(m[2]!, 16);
        const target = m[3]!;
        if (target.startsWith('[')) {
          const items = [...target.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => utf16(x[1]!));
          items.forEach((u, i) => map.set(start + i, u));
        } else {
          const base = parseInt(target.slice(1, -1), 16);
          for (let g = start; g <= end; g += 1) map.set(g, String.fromCharCode(base + g - start));
        }
      }
    }
    for (const section of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const m of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(parseInt(m[1]!, 16), utf16(m[2]!));
    }
    maps.push(map);
  }
  // Text operators sit on their own lines inside BT … ET; only linear scans (the PDF holds binary fonts).
  const shown: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trimEnd();
    if (!trimmed.endsWith(' TJ') && !trimmed.endsWith(' Tj')) continue;
    shown.push([...trimmed.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!).join(''));
  }
  return maps.map((map) =>
    shown
      .map((hex) => {
        let out = '';
        for (let i = 0; i + 4 <= hex.length; i += 4)
          out += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        return out;
      })
      .join('\n'),
  );
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}
