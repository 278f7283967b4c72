import { createEffect, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Human clicks over time as a uPlot line chart; resizes with its container. */
export function ClickChart(props: { series: { t: string; humanClicks: number }[]; label: string }) {
  let container!: HTMLDivElement;
  let chart: uPlot | undefined;

  const data = (): uPlot.AlignedData => [
    props.series.map((point) => Date.parse(point.t) / 1000),
    props.series.map((point) => point.humanClicks),
  ];

  onMount(() => {
    chart = new uPlot(
      {
        width: Math.max(280, container.clientWidth),
        height: 240,
        series: [{}, { label: "Human clicks", stroke: "#0f5b4f", fill: "rgba(15, 91, 79, 0.12)", width: 2 }],
        axes: [{}, { label: "Clicks" }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      data(),
      container,
    );
    const observer = new ResizeObserver(() =>
      chart?.setSize({ width: Math.max(280, container.clientWidth), height: 240 }),
    );
    observer.observe(container);
    onCleanup(() => {
      observer.disconnect();
      chart?.destroy();
    });
  });

  createEffect(() => chart?.setData(data()));

  return <div ref={container} class="chart" role="img" aria-label={props.label} />;
}
