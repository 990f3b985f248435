/** Colours the charts use, per app theme (kept in step with styles.css). */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  /** Tooltip background and border, like the panels. */
  panel: string;
  border: string;
  series: string[];
}

/** 'contrast' is presentation mode's: white on black, bright series, for the back of a room. */
export type ChartThemeName = 'light' | 'dark' | 'contrast';

export const CHART_THEMES: Record<ChartThemeName, ChartTheme> = {
  light: {
    text: '#1d2433',
    muted: '#6b7385',
    grid: '#e6e9ef',
    panel: '#ffffff',
    border: '#e2e6ee',
    series: ['#2f6fed', '#14a37f', '#f08c2e', '#d9475c', '#8a5cf6', '#0fa3b1'],
  },
  dark: {
    text: '#e7eaf0',
    muted: '#9aa3b5',
    grid: '#2a3142',
    panel: '#1f2533',
    border: '#2a3142',
    series: ['#6b9bff', '#3ccfa4', '#ffab5c', '#ff7a8c', '#b18cff', '#45d0dc'],
  },
  contrast: {
    text: '#ffffff',
    muted: '#f0f0f0',
    grid: '#6a6a6a',
    panel: '#000000',
    border: '#ffffff',
    series: ['#5cc8ff', '#ffd84d', '#ff7b7b', '#7ef07e', '#ff9ef5', '#ffffff'],
  },
};
