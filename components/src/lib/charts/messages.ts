/** English defaults of the chart strings (overridable through the message function). */
export const chartMessages = {
  'chart.showTable': 'Show data table',
  'chart.hideTable': 'Hide data table',
  'chart.category': 'Label',
  'chart.summary': '{series} series, {count} points, from {min} to {max}.',
  'chart.empty': 'No data to show yet.',
} as const;
