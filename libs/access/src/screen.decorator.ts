import { SetMetadata } from '@nestjs/common';

/** 操作種別 (SPEC §9): search 検索 / register 登録 / update 更新 / delete 削除 / export 出力. */
export type OperationType = 'search' | 'register' | 'update' | 'delete' | 'export';

export const OPERATION_LABELS: Record<OperationType, string> = {
  search: '検索',
  register: '登録',
  update: '更新',
  delete: '削除',
  export: '出力',
};

export interface ScreenMetadata {
  /** 画面名: the feature name shown in operation history, e.g. 'ユーザー一覧'. */
  screen: string;
  /** Defaults from the HTTP method: GET → search, POST → register, PUT/PATCH → update, DELETE → delete. */
  operation?: OperationType;
}

export const SCREEN_KEY = 'kanri:screen';

/**
 * Names the screen (feature) a route belongs to, for operation history (SPEC §9). Every non-public route needs
 * one; test/route-access-rules.e2e-spec.ts fails the build for a route without it.
 */
export const Screen = (screen: string, operation?: OperationType) =>
  SetMetadata(SCREEN_KEY, { screen, operation } satisfies ScreenMetadata);
