import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from './session';

const subscribe = (listener: () => void) => sessionStore.subscribe(listener);
const snapshot = () => sessionStore.get();

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, snapshot);
}
