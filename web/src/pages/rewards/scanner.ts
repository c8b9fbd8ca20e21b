/**
 * Reads QR codes from the phone's camera. Imported only when staff tap 扫码 (its own chunk), and `jsqr`
 * only where the browser has no `BarcodeDetector` (desktop Chrome on Linux/Windows, Firefox, iOS Safari).
 */

/** The part of the Shape Detection API used here (not in TypeScript's DOM types yet). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** jsqr's one function, as used here. */
type JsQR = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' },
) => { data: string } | null;

/** Turns one video frame into the QR text, if there is one in it. */
type Decoder = (video: HTMLVideoElement) => Promise<string | undefined>;

/** Frames are scaled down to this width before jsqr reads them: plenty for a phone-screen QR, and fast. */
const FRAME_WIDTH = 480;
/** Pause between reads, so a slow phone stays responsive. */
const EVERY_MS = 150;

async function nativeDecoder(): Promise<Decoder | undefined> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return undefined;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue;
  } catch {
    return undefined;
  }
}

async function jsqrDecoder(): Promise<Decoder> {
  const mod = await import('jsqr');
  // jsqr is CommonJS: depending on the bundler's interop the function is the default or its default.
  const d: unknown = mod.default;
  const jsQR = (typeof d === 'function' ? d : (d as { default: JsQR }).default) as JsQR;
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    if (!video.videoWidth) return undefined;
    const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const img = g.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  };
}

export interface Scanner {
  /** Stops reading and turns the camera off. */
  stop(): void;
}

/**
 * Opens the back camera into `video` and calls `onText` with each QR text it reads (the caller stops it).
 * Rejects when there is no camera or permission was refused.
 */
export async function startScanner(video: HTMLVideoElement, onText: (text: string) => void): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
    audio: false,
  });
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    live = false;
    clearTimeout(timer);
    for (const t of stream.getTracks()) t.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    video.setAttribute('playsinline', ''); // iOS: play inside the page, not full screen
    video.muted = true;
    await video.play();
    const decode = (await nativeDecoder()) ?? (await jsqrDecoder());
    const tick = async () => {
      if (!live) return;
      try {
        const text = await decode(video);
        if (text && live) onText(text);
      } catch {
        // a frame that could not be read: try the next one
      }
      if (live) timer = setTimeout(() => void tick(), EVERY_MS);
    };
    void tick();
  } catch (err) {
    stop();
    throw err;
  }
  return { stop };
}
