import { PageQuery } from '@kanri/common/pagination/page.query';

/** `GET /organizations` (the system operator's organization list). */
export class ListOrganizationsQuery extends PageQuery {}
