import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Controller, Get, type INestApplication, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express, Request } from 'express';
import request from 'supertest';
import { ExpressServerAdapter } from './express-server-adapter';

@Controller('echo')
class EchoController {
  @Get()
  echo(@Req() req: Request) {
    // Express's own request helpers, which live on app.request.
    return { accepts: req.accepts('json'), host: req.hostname, query: req.query };
  }
}

interface Born {
  requestOnExpress: boolean;
  responseOnExpress: boolean;
}

/** Boots a one-route app on `adapter` and records the prototypes of each request and response as the server made them. */
async function bootOn(adapter: ExpressAdapter): Promise<{ app: INestApplication; born: Born[] }> {
  const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
  const app = moduleRef.createNestApplication(adapter, { logger: false });
  await app.init();
  const express = adapter.getInstance<Express>();
  const born: Born[] = [];
  // Runs before Express's own handler, which would set the prototypes itself.
  (app.getHttpServer() as Server).prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    born.push({
      requestOnExpress: Object.getPrototypeOf(req) === express.request,
      responseOnExpress: Object.getPrototypeOf(res) === express.response,
    });
  });
  return { app, born };
}

describe('ExpressServerAdapter', () => {
  it("builds every request and response on Express's prototypes, and Express answers as before", async () => {
    const { app, born } = await bootOn(new ExpressServerAdapter());
    try {
      for (let i = 0; i < 3; i++) {
        const res = await request(app.getHttpServer()).get('/echo?x=1').set('Host', 'kanri.example');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ accepts: 'json', host: 'kanri.example', query: { x: '1' } });
      }
      expect(born).toEqual(Array(3).fill({ requestOnExpress: true, responseOnExpress: true }));
    } finally {
      await app.close();
    }
  });

  it("differs from Nest's own adapter, whose server leaves the prototypes for Express to change per request", async () => {
    const { app, born } = await bootOn(new ExpressAdapter());
    try {
      await request(app.getHttpServer()).get('/echo').expect(200);
      expect(born).toEqual([{ requestOnExpress: false, responseOnExpress: false }]);
    } finally {
      await app.close();
    }
  });
});
