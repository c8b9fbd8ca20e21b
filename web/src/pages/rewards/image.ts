/**
 * The API keeps an uploaded gift picture as a data URL of at most this many characters
 * (`MAX_IMAGE_DATA_URL` in shared/schemas/rewards.ts; a unit test keeps the two equal — importing it here
 * would bring zod into the page).
 */
export const MAX_PICTURE_CHARS = 48_000;

/** Sides tried, largest first, and JPEG qualities tried at each. */
const SIDES = [480, 360, 240];
const QUALITIES = [0.85, 0.72, 0.6, 0.45];

async function decode(file: Blob): Promise<CanvasImageSource & { width: number; height: number }> {
  if (typeof createImageBitmap === 'function') return createImageBitmap(file);
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A photo from the phone, made small enough to upload: scaled to fit a square (480 px, smaller if need be),
 * on white (PNG transparency), as a JPEG data URL under `MAX_PICTURE_CHARS`. Rejects a file that is not
 * a picture the browser can read.
 */
export async function pictureDataUrl(file: Blob): Promise<string> {
  const img = await decode(file);
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d')!;
  for (const side of SIDES) {
    const scale = Math.min(1, side / Math.max(img.width, img.height));
    canvas.width = Math.max(1, Math.round(img.width * scale));
    canvas.height = Math.max(1, Math.round(img.height * scale));
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    for (const q of QUALITIES) {
      const url = canvas.toDataURL('image/jpeg', q);
      if (url.length <= MAX_PICTURE_CHARS) return url;
    }
  }
  throw new Error('picture too large');
}
