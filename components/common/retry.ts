// Retrying AWS SDK v3 calls in the dynamic providers: which errors are worth another attempt, and
// exponential backoff. One copy for every provider (they are serialized with what they call).

export interface RetryOptions {
    /** Attempts in all, first included (default 5). */
    maxAttempts?: number;
    /** First backoff in milliseconds, doubled each retry (default 500). */
    baseDelayMs?: number;
    /** How to wait (tests pass a recorder). */
    sleep?: (ms: number) => Promise<void>;
}

export interface SdkError {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

// Plain arrays, not Sets: the provider is serialized by value, and a Set does not survive that.
const THROTTLING = ["ThrottlingException", "TooManyRequestsException", "Throttling", "RequestLimitExceeded"];
const TRANSIENT = [
    "InternalServiceException",
    "InternalServerException",
    "InternalServerError",
    "ServiceUnavailableException",
    "RequestTimeout",
];

/** Whether an SDK error is worth retrying: throttling, or a transient server-side failure. */
export function isRetryable(e: unknown): boolean {
    const err = (e ?? {}) as SdkError;
    if (err.name && (THROTTLING.includes(err.name) || TRANSIENT.includes(err.name))) return true;
    if (err.$retryable?.throttling) return true;
    const status = err.$metadata?.httpStatusCode;
    return status === 429 || (status !== undefined && status >= 500);
}

/** Runs an SDK call, retrying throttling and transient failures with exponential backoff. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
    const maxAttempts = options.maxAttempts ?? 5;
    const base = options.baseDelayMs ?? 500;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (e) {
            if (attempt >= maxAttempts || !isRetryable(e)) throw e;
            await sleep(base * 2 ** (attempt - 1));
        }
    }
}
