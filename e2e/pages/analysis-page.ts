import { expect, type Locator, type Page } from '@playwright/test';
import type { AnalysisJson } from '../../lib/analyses/analysis-json';

/** The comparison page, as the app shows it and as the share link shows it. */
export class AnalysisPage {
  readonly headline: Locator;
  readonly chartBars: Locator;
  readonly shareUrl: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.headline = page.getByTestId('headline');
    this.chartBars = page.getByTestId('size-chart').locator('.recharts-bar-rectangle');
    this.shareUrl = page.locator('#share-url');
    this.status = page.getByTestId('analysis-status').locator('[data-status]');
  }

  size(kind: string): Locator {
    return this.page.getByTestId(`size-${kind}`);
  }

  layerRows(kind: string): Locator {
    return this.page.getByTestId(`variant-${kind}`).getByTestId('layers').locator('tbody tr');
  }

  idFromUrl(): string {
    const id = /\/analyses\/([^/?#]+)/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`not on an analysis page: ${this.page.url()}`);
    return id;
  }

  /** Waits as a user would: until the page says the analysis has finished. */
  async waitForResult(timeout = 8 * 60_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-status', /^(succeeded|failed|canceled)$/, { timeout });
  }

  async fetchJson(): Promise<AnalysisJson> {
    const response = await this.page.request.get(`/api/analyses/${this.idFromUrl()}`);
    expect(response.ok()).toBe(true);
    return (await response.json()) as AnalysisJson;
  }
}
