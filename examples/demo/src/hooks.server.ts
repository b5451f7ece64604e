import { svSdkHandle, svSdkHandleError } from '@sv-sdk/kit/sveltekit';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { getSDK } from '#lib/server/sdk.ts';

// Start the SDK with the server, not on the first request, so a bad configuration fails at start-up.
const sdkReady = getSDK();

export const handle: Handle = svSdkHandle({ sdk: sdkReady });

// 401/403/404/429 keep their own code and message (logged at debug/info); only faults are errors, without internals.
export const handleError: HandleServerError = svSdkHandleError({ sdk: sdkReady });
