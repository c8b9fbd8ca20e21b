import { useEffect, useRef, useState } from 'preact/hooks';
import { messages } from '../../i18n/index.js';
import { Button, Notice } from '../../ui/index.js';

const m = messages({
  zh: {
    aim: '请把手机摄像头对准现场的签到二维码',
    noCamera: '无法打开摄像头。请允许使用摄像头，或直接输入签到码。',
    close: '不扫了，手动输入',
    video: '摄像头画面',
  },
  en: {
    aim: 'Point the camera at the check-in QR code at the venue',
    noCamera: 'The camera could not be opened. Allow the camera, or type the code instead.',
    close: 'Stop scanning, type it',
    video: 'Camera view',
  },
});

type Detect = (video: HTMLVideoElement) => Promise<string | null>;

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorCtor {
  new (opts: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

/**
 * A QR decoder: the browser's BarcodeDetector where it reads QR codes (Chrome on Android), else jsQR,
 * loaded only now so it costs nothing to people who never scan.
 */
async function makeDetector(): Promise<Detect> {
  const Native = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (Native) {
    const formats = (await Native.getSupportedFormats?.().catch(() => [])) ?? [];
    if (formats.includes('qr_code')) {
      const d = new Native({ formats: ['qr_code'] });
      return async (video) => (await d.detect(video))[0]?.rawValue ?? null;
    }
  }
  const mod = await import('jsqr');
  // jsqr is CommonJS: the default import may be the function itself or a namespace holding it.
  const jsQR = ((mod as unknown as { default?: { default?: unknown } }).default?.default ??
    (mod as unknown as { default?: unknown }).default ??
    mod) as typeof import('jsqr').default;
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    // Decoding a smaller frame is much faster and still reads a QR filling the frame.
    const scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const img = g.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

/**
 * The phone's rear camera reading QR codes. `onText` gets each decoded text and returns whether it was
 * what we wanted; if not, scanning goes on.
 */
export function Scanner(props: { onText: (text: string) => boolean; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState(false);
  const onText = useRef(props.onText);
  onText.current = props.onText;
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        const v = video.current;
        if (stopped || !v) return;
        v.srcObject = stream;
        await v.play();
        const detect = await makeDetector();
        const tick = async () => {
          if (stopped) return;
          const text = await detect(v).catch(() => null);
          if (stopped) return;
          if (text && onText.current(text)) return;
          timer = setTimeout(() => void tick(), text ? 1200 : 200);
        };
        void tick();
      } catch {
        if (!stopped) setError(true);
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return (
    <div data-testid="scanner">
      {error ? (
        <Notice kind="error">{m.t('noCamera')}</Notice>
      ) : (
        <>
          <div class="scanner">
            <video ref={video} muted playsInline aria-label={m.t('video')} />
            <div class="scanner-frame" />
          </div>
          <p class="muted center">{m.t('aim')}</p>
        </>
      )}
      <Button variant="secondary" block onClick={props.onClose}>
        {m.t('close')}
      </Button>
    </div>
  );
}
