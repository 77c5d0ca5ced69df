import type { ExecutionContext } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';
import { ManagerCapGuard, MemberRemovalGuard } from './manager-policy.guard';
import type { ManagersService } from './managers.service';

const ORG = '0190a000-0000-7000-8000-000000000001';
const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';

function context(request: Record<string, unknown>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

const actor = { orgId: ORG, userId: A, isSystemOperator: false };

describe('manager policy guards (early refusals)', () => {
  const refusal = AppError.unprocessable(ErrorCode.ManagerCapExceeded, 'over');
  const managers = {
    precheckReplace: jest.fn(async (_orgId: string, ids: string[]) => {
      if (ids.length > 1) throw refusal;
    }),
    precheckRemoval: jest.fn(async () => undefined),
  };
  beforeEach(() => jest.clearAllMocks());

  it('refuses a set the policy refuses, before the handler runs', async () => {
    const guard = new ManagerCapGuard(managers as unknown as ManagersService);
    await expect(
      guard.canActivate(context({ [ACTOR_KEY]: actor, body: { managerUserIds: [A, B] } })),
    ).rejects.toBe(refusal);
    expect(managers.precheckReplace).toHaveBeenCalledWith(ORG, [A, B]);
    await expect(
      guard.canActivate(context({ [ACTOR_KEY]: actor, body: { managerUserIds: [A] } })),
    ).resolves.toBe(true);
  });

  it('leaves bodies that are not yet valid to the validation pipe', async () => {
    const guard = new ManagerCapGuard(managers as unknown as ManagersService);
    for (const body of [
      undefined,
      {},
      { managerUserIds: 'x' },
      { managerUserIds: ['nope'] },
      { managerUserIds: [A, A] },
    ]) {
      await expect(guard.canActivate(context({ [ACTOR_KEY]: actor, body }))).resolves.toBe(true);
    }
    expect(managers.precheckReplace).not.toHaveBeenCalled();
  });

  it('prechecks a removal with the actor and the target', async () => {
    const guard = new MemberRemovalGuard(managers as unknown as ManagersService);
    await expect(guard.canActivate(context({ [ACTOR_KEY]: actor, params: { userId: B } }))).resolves.toBe(
      true,
    );
    expect(managers.precheckRemoval).toHaveBeenCalledWith(actor, B);
    await expect(guard.canActivate(context({ [ACTOR_KEY]: actor, params: { userId: 'x' } }))).resolves.toBe(
      true,
    );
    expect(managers.precheckRemoval).toHaveBeenCalledTimes(1);
  });
});
