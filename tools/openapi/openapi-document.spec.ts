import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { generateOpenApi } from './openapi-document';

/** Routes reachable without a bearer token; every other route must declare bearer auth. */
const PUBLIC_OPERATIONS = new Set([
  'HealthController_live',
  'HealthController_ready',
  'AuthController_login',
  'AuthController_refresh',
  'InboundController_receive',
  'InboundController_verify',
]);

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

describe('the OpenAPI document', () => {
  let doc: OpenAPIObject;
  let operations: { key: string; op: OperationObject }[];

  beforeAll(async () => {
    doc = await generateOpenApi();
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m]! })),
    );
  }, 60_000);

  it('is the one committed as docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('gives every route a summary and a documented success response', () => {
    const missing = operations.filter(({ op }) => !op.summary).map((o) => o.key);
    expect(missing).toEqual([]);
    const noSuccess = operations.filter(({ op }) => !Object.keys(op.responses).some((c) => /^2\d\d$/.test(c)));
    expect(noSuccess.map((o) => o.key)).toEqual([]);
  });

  it('declares bearer auth and its 401 on every route that is not public', () => {
    const wrong = operations
      .filter(({ op }) => !PUBLIC_OPERATIONS.has(op.operationId!))
      .filter(({ op }) => !op.security?.some((s) => 'bearer' in s) || !op.responses['401'])
      .map((o) => o.key);
    expect(wrong).toEqual([]);
    const publicWithAuth = operations.filter(({ op }) => PUBLIC_OPERATIONS.has(op.operationId!) && op.security);
    expect(publicWithAuth.map((o) => o.key)).toEqual([]);
  });

  it('documents request bodies and error responses with schemas', () => {
    const bodyless = operations
      .filter(({ key }) => /^(POST|PATCH|PUT) /.test(key))
      .filter(({ op }) => !op.requestBody)
      .map((o) => o.key);
    expect(bodyless).toEqual([]);
    const untypedErrors = operations.flatMap(({ key, op }) =>
      Object.entries(op.responses)
        .filter(([code, r]) => /^[45]/.test(code) && !(r && 'content' in r && r.content))
        .map(([code]) => `${key} ${code}`),
    );
    expect(untypedErrors).toEqual([]);
  });
});
