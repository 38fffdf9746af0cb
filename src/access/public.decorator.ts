import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ledger:public';
/** Marks a route that answers without a bearer token (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
