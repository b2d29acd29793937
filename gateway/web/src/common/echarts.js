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
