import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

/** `PUT .../managers`: the complete new manager set (管理責任者), replacing the current one in one step. */
export class ReplaceManagersDto {
  /** Member ids; at most 20% of the members (rounded up) when anyone is added, and at least one active member. */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100_000)
  @IsUUID('all', { each: true })
  managerUserIds!: string[];
}
