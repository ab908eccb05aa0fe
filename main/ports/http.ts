export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  /** response headers, names lower-case (absent from implementations that do not keep them) */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Minimal HTTP client. Rejects (AppError `network`) when no response arrives before the timeout. */
export interface Http {
  request(
    url: string,
    opts: {
      method: 'GET' | 'POST';
      headers: Readonly<Record<string, string>>;
      body?: string;
      timeoutMs: number;
    },
  ): Promise<HttpResponse>;
}
