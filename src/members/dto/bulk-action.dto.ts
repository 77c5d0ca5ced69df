import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

export const BULK_ACTIONS = ['delete', 'disable', 'enable'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** `POST .../users/bulk` (一括削除・無効化・有効化, confirm): all of them or none. */
export class BulkActionDto extends ConfirmedDto {
  @IsIn(BULK_ACTIONS)
  action!: BulkAction;

  /** The users to act on: members of this organization within the caller's scope, never the caller. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(ID_PATTERN, { each: true, message: 'each userId must be a user id' })
  userIds!: string[];
}
