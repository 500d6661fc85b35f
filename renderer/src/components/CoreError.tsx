// A refused certificate or settings call: a short headline and, below it, the core's own
// Chinese sentence exactly as sent (it names the precise cause: key mismatch, chain, dates,
// clientAuth, revocation, password, damaged file). Field errors, if any, are listed too.
import { Alert } from 'antd';
import type { ApiError } from '../api';

export function CoreError({ error, title, testId }: { error: ApiError; title: string; testId: string }) {
  const extra = (error.fieldErrors ?? []).map((f) => f.message).filter((m) => m !== error.message);
  return (
    <div data-testid={testId} data-code={error.code}>
      <Alert
        type="error"
        showIcon
        title={title}
        description={
          <>
            <div>{error.message}</div>
            {extra.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {extra.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            )}
          </>
        }
      />
    </div>
  );
}
