import qrcode from "qrcode-generator";
import { createMemo, For } from "solid-js";

/** A QR code of `value` drawn as SVG from the library's module matrix (no HTML strings injected). */
export function QrCode(props: { value: string; label: string; size?: number }) {
  const cells = createMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(props.value);
    qr.make();
    const count = qr.getModuleCount();
    const dark: { x: number; y: number }[] = [];
    for (let y = 0; y < count; y++) for (let x = 0; x < count; x++) if (qr.isDark(y, x)) dark.push({ x, y });
    return { count, dark };
  });
  const margin = 2;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      width={props.size ?? 160}
      height={props.size ?? 160}
      viewBox={`0 0 ${cells().count + margin * 2} ${cells().count + margin * 2}`}
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <For each={cells().dark}>
        {(cell) => <rect x={cell.x + margin} y={cell.y + margin} width="1" height="1" fill="#000" />}
      </For>
    </svg>
  );
}
