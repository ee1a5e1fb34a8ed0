// Loading a value over the bridge for a screen: loading, the value, or the error value.
import { useCallback, useEffect, useState } from 'react';
import type { BridgeError, ChannelName, ChannelRequest, ChannelResponse } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: BridgeError };

export function useBridgeValue<C extends ChannelName>(channel: C, request: ChannelRequest<C>): [Loaded<ChannelResponse<C>>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<ChannelResponse<C>>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The request is data: compare it by content, not by identity.
  const key = JSON.stringify(request ?? null);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    void call(channel, JSON.parse(key) as ChannelRequest<C>).then((answer) => {
      if (!current) return;
      setLoaded(answer.ok ? { state: 'ok', value: answer.value } : { state: 'error', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [channel, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [loaded, reload];
}
