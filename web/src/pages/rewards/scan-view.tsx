import { useEffect, useRef } from 'preact/hooks';
import { messages } from '../../i18n/index.js';
import { Button } from '../../ui/index.js';

const m = messages({
  zh: {
    scanHint: '请居民打开「我的兑换」，把取货二维码对准下面的框。',
    stopScan: '停止扫码',
    cameraDenied: '没有使用摄像头的权限。请在浏览器设置里允许，或者直接输入取货码。',
    cameraMissing: '打不开摄像头。请直接输入取货码。',
  },
  en: {
    scanHint: 'Ask the resident to open “My redemptions” and hold the pickup QR code inside the frame.',
    stopScan: 'Stop scanning',
    cameraDenied: 'The camera is not allowed. Allow it in the browser settings, or type the pickup code.',
    cameraMissing: 'The camera could not be opened. Please type the pickup code.',
  },
});

function cameraMessage(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? m.t('cameraDenied') : m.t('cameraMissing');
}

/** The camera view; the scanning code (and jsqr where needed) loads only when this opens. */
export function ScanView(props: {
  onText: (text: string) => void;
  onCancel: () => void;
  onError: (msg: string) => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const handlers = useRef(props);
  handlers.current = props;
  useEffect(() => {
    let live = true;
    let read = false;
    let scanner: { stop(): void } | undefined;
    import('./scanner.js')
      .then((mod) =>
        mod.startScanner(video.current!, (text) => {
          if (read || !live) return;
          read = true; // one code per scan: the hand-over step comes next
          scanner?.stop();
          handlers.current.onText(text);
        }),
      )
      .then(
        (s) => {
          scanner = s;
          if (!live || read) s.stop();
        },
        (e: unknown) => live && handlers.current.onError(cameraMessage(e)),
      );
    return () => {
      live = false;
      scanner?.stop();
    };
  }, []);
  return (
    <div data-testid="scanner">
      <p>{m.t('scanHint')}</p>
      <div class="scanner">
        <video ref={video} muted playsInline />
        <div class="scanner-frame" />
      </div>
      <Button variant="secondary" block onClick={props.onCancel}>
        {m.t('stopScan')}
      </Button>
    </div>
  );
}
