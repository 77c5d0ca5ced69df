import {
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  type NestInterceptor,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import type { Request } from 'express';
import request from 'supertest';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import { BodyValidationGuard } from './body-validation.guard';
import { createValidationPipe, KanriValidationPipe } from './validation-pipe';

class ThingDto {
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(/^[1-9]\d{3}$/)
  code!: string;
}

/** Stands for an interceptor that changes the body in place after the guards (the vault's input normalization). */
@Injectable()
class Reverse implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const body = context.switchToHttp().getRequest<Request>().body as { code?: unknown };
    if (typeof body.code === 'string') body.code = body.code.trim().split('').reverse().join('');
    return next.handle();
  }
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() dto: ThingDto) {
    return { code: dto.code, isInstance: dto instanceof ThingDto };
  }

  @Post('changed')
  @UseInterceptors(Reverse)
  changed(@Body() dto: ThingDto) {
    return { code: dto.code };
  }
}

/** Every JSON body is validated once per request: by the guard, whose instance the pipe hands on. */
describe('KanriValidationPipe with BodyValidationGuard', () => {
  let app: INestApplication;
  let validations: jest.SpyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ThingsController],
      providers: [{ provide: APP_GUARD, useClass: BodyValidationGuard }],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new AllExceptionsFilter());
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    validations = jest.spyOn(
      KanriValidationPipe.prototype as unknown as { validate: () => unknown },
      'validate',
    );
  });
  afterEach(() => validations.mockRestore());

  it('validates a valid body exactly once and hands the handler the transformed instance', async () => {
    const res = await request(app.getHttpServer()).post('/things').send({ code: ' 1234 ' }).expect(201);
    expect(res.body).toEqual({ code: '1234', isInstance: true });
    expect(validations).toHaveBeenCalledTimes(1);
  });

  it('refuses a bad body once, before the handler', async () => {
    await request(app.getHttpServer()).post('/things').send({ code: 'abcd' }).expect(400);
    expect(validations).toHaveBeenCalledTimes(1);
    await request(app.getHttpServer()).post('/things').send({ code: '1234', extra: 1 }).expect(400);
    expect(validations).toHaveBeenCalledTimes(2);
  });

  it('validates again a body changed after the guard, so later normalization is never bypassed', async () => {
    const ok = await request(app.getHttpServer()).post('/things/changed').send({ code: '1234' });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ code: '4321' });
    expect(validations).toHaveBeenCalledTimes(2);
    // Valid as sent, made invalid after the guard: the pipe refuses what the handler would get.
    const spoiled = await request(app.getHttpServer()).post('/things/changed').send({ code: '1230' });
    expect(spoiled.status).toBe(400);
    expect(validations).toHaveBeenCalledTimes(4);
  });

  it('hands on the guard instance only for the same, unchanged body', async () => {
    const pipe = createValidationPipe();
    const body = { code: '5678' };
    await pipe.validateBody(body, ThingDto);
    body.code = '9999';
    const dto = (await pipe.transform(body, { type: 'body', metatype: ThingDto })) as ThingDto;
    expect(dto.code).toBe('9999');
    expect(validations).toHaveBeenCalledTimes(2);
    const again = { code: '4321' };
    await pipe.validateBody(again, ThingDto);
    const kept = (await pipe.transform(again, { type: 'body', metatype: ThingDto })) as ThingDto;
    expect(kept).toBeInstanceOf(ThingDto);
    expect(kept.code).toBe('4321');
    expect(validations).toHaveBeenCalledTimes(3);
  });
});
