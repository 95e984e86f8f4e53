import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '@lien-thong/contracts';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export class RandomIdGenerator implements IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
