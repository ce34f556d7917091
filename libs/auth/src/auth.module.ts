import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthRepository, AuthService, TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}

/** Auth without HTTP routes or the global guard: for worker processes. */
@Global()
@Module({ providers: [AuthRepository, AuthService, TokenService], exports: [AuthService] })
export class AuthCoreModule {}
