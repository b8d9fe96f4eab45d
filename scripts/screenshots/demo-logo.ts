// A logo for the screenshots, drawn pixel by pixel: a coffee bean in the demo shop's brown.
import { encodePng } from "~/.server/brand/png";

export function demoLogo(size = 128): Buffer {
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - c) / (size * 0.34);
      const dy = (y - c) / (size * 0.45);
      if (dx * dx + dy * dy > 1) continue;
      const crease = Math.abs(x - c - size * 0.08 * Math.sin(((y - c) / size) * Math.PI * 2.2)) < size * 0.035;
      px.set(crease ? [255, 255, 255, 255] : [107, 62, 38, 255], (y * size + x) * 4);
    }
  }
  return encodePng(size, size, px);
}
