import type { INestApplicationContext } from '@nestjs/common';

/**
 * Activities are thin adapters that dispatch commands through the application context.
 * The coordination context adds its activities here.
 */
export function createActivities(
  _app: INestApplicationContext,
): Record<string, (...args: never[]) => Promise<unknown>> {
  return {
    smokeGreeting: (name: string) => Promise.resolve(`Xin chào, ${name}!`),
  };
}
