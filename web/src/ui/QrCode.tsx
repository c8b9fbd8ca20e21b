import { useEffect, useState } from 'preact/hooks';

/**
 * `text` as a QR code image (check-in codes, pickup codes). The `qrcode` library is imported on first use,
 * so it is its own chunk and costs nothing on pages without a QR code.
 */
export function QrCode(props: { text: string; size?: number; label: string }) {
  const size = props.size ?? 240;
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    import('qrcode')
      .then((qr) => qr.toDataURL(props.text, { width: size * 2, margin: 2, errorCorrectionLevel: 'M' }))
      .then((url) => live && setSrc(url))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [props.text, size]);
  if (failed) return <p class="qr-fallback">{props.text}</p>;
  return src ? (
    <img class="qr" src={src} width={size} height={size} alt={props.label} data-qr-text={props.text} />
  ) : (
    <div class="qr qr-pending" style={{ width: `${size}px`, height: `${size}px` }} aria-busy="true" />
  );
}
