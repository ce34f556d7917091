import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppConfig } from '@scrm/config';
import { buildOpenApi, setRoutePrefix } from '../../apps/api/src/api-app';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * The api's OpenAPI document, built from the same module graph and builder as the running api. The
 * configuration is fixed (no environment is read), so the output depends only on the code.
 */
export async function generateOpenApi(): Promise<OpenAPIObject> {
  const config = new AppConfig('api', {
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SECRET: 'openapi-export',
    MURMUR_SECRET_KEY: '00'.repeat(32),
  });
  const app = await NestFactory.create(ApiModule.forRoot(config), { preview: true, logger: false });
  try {
    setRoutePrefix(app);
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}
