import { Body, Controller, Get, HttpCode, Inject, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString, MaxLength } from 'class-validator';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@node-rs/argon2';
import { Semaphore } from '@kanri/common/concurrency/semaphore';
import { HASHING_SLOTS, PasswordHasher } from '@kanri/security/password-hasher';

/**
 * Servers that do nothing but verify a password, for bench:login's ceilings: what any HTTP sign-in can reach on
 * this machine against the same raw-argon2 baseline, without Kanri's database, token, audit and security layers.
 * Each answers `POST /login {loginId, password}` with 200 when the password matches `passwordHash`; the Nest apps
 * also answer `GET /noop` with `{status: 'ok'}`, the empty app's side of bench:floor.
 */
export interface CeilingServer {
  port: number;
  close(): Promise<void>;
}

/** `node:http` alone: JSON body in, one verification (bounded like PasswordHasher), JSON out. */
export async function startBareNodeServer(passwordHash: string): Promise<CeilingServer> {
  const slots = new Semaphore(HASHING_SLOTS);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { password } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { password: string };
      void slots
        .run(() => verify(passwordHash, password))
        .then((ok) => {
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

class CeilingLoginDto {
  @IsString()
  @MaxLength(128)
  loginId!: string;

  @IsString()
  @MaxLength(128)
  password!: string;
}

const PASSWORD_HASH = Symbol('ceiling password hash');

@Controller('login')
class CeilingLoginController {
  constructor(
    private readonly hasher: PasswordHasher,
    @Inject(PASSWORD_HASH) private readonly passwordHash: string,
  ) {}

  @Post()
  @HttpCode(200)
  async login(@Body() dto: CeilingLoginDto): Promise<{ ok: boolean }> {
    return { ok: await this.hasher.verify(this.passwordHash, dto.password) };
  }
}

/** The empty app's no-op route (bench:floor): the same answer as Kanri's `GET /health/live`. */
@Controller('noop')
class CeilingNoopController {
  @Get()
  noop(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

function ceilingModule(passwordHash: string) {
  @Module({
    controllers: [CeilingLoginController, CeilingNoopController],
    providers: [PasswordHasher, { provide: PASSWORD_HASH, useValue: passwordHash }],
  })
  class CeilingModule {}
  return CeilingModule;
}

const validationPipe = () =>
  new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * An empty NestJS app on Express, as the stack prescribes: one controller, the global ValidationPipe with Kanri's
 * options, Kanri's PasswordHasher. No middleware, guards, interceptors, database or token. On Nest's own Express
 * adapter unless another is given (bench:floor measures it on Kanri's ExpressServerAdapter too, for the record).
 */
export async function startEmptyNestApp(
  passwordHash: string,
  adapter: ExpressAdapter = new ExpressAdapter(),
): Promise<CeilingServer> {
  const app = await NestFactory.create<NestExpressApplication>(ceilingModule(passwordHash), adapter, {
    logger: ['error'],
  });
  app.useGlobalPipes(validationPipe());
  await app.listen(0, '127.0.0.1');
  return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
}

/**
 * The same empty app on Nest's Fastify adapter: the ceiling a switch of HTTP adapter could reach. Kanri stays on
 * Express unless the gain is real and passport, uploads, helmet, static files and client-certificate sign-in are
 * all proven on Fastify (none is here).
 */
export async function startEmptyNestFastifyApp(passwordHash: string): Promise<CeilingServer> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ceilingModule(passwordHash),
    new FastifyAdapter(),
    {
      logger: ['error'],
    },
  );
  app.useGlobalPipes(validationPipe());
  await app.listen(0, '127.0.0.1');
  return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
}
