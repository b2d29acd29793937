// The parts of ECharts the pages use (tree-shaken: no full build), with the canvas renderer.
import * as echarts from 'echarts/core';
import { BarChart, EffectScatterChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, EffectScatterChart, LineChart, MapChart, ScatterChart,
  GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  VisualMapComponent, CanvasRenderer,
]);

export default echarts;

// A chart that follows its box: resized whenever the box changes size (panels above it
// filling in, the window, a view shown), so it never overflows or leaves a gap.
export function chartIn(el) {
  const chart = echarts.init(el);
  new ResizeObserver(() => {
    if (el.clientWidth && el.clientHeight) chart.resize();
  }).observe(el);
  return chart;
}
