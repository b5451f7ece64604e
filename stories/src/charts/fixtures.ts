import type { ChartSeries } from '@sv-sdk/components/charts';

const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const signups: ChartSeries = {
  name: 'Sign-ups',
  points: days.map((label, i) => ({ label, value: [12, 18, 15, 22, 30, 9, 7][i]! })),
};
export const logins: ChartSeries = {
  name: 'Logins',
  points: days.map((label, i) => ({ label, value: [140, 162, 158, 171, 190, 80, 66][i]! })),
};
export const emails: ChartSeries = {
  name: 'Emails sent',
  points: days.map((label, i) => ({ label, value: [320, 410, 388, 402, 515, 120, 98][i]! })),
};
export const bounces: ChartSeries = {
  name: 'Bounced',
  points: days.map((label, i) => ({ label, value: [4, 9, 3, 6, 12, 1, 0][i]! })),
};
