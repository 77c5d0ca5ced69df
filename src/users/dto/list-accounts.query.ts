import { PageQuery } from '@kanri/common/pagination/page.query';

/** `GET /users` (the system operator's account list). */
export class ListAccountsQuery extends PageQuery {}
