// sv-sdk's handle (request id, origin check, /api/auth, the session in locals, security headers) and handleError
// (stable codes for 4xx, faults without internals), on the SDK built from sv-sdk.config.ts. To add your own handle:
//   import { sequence } from '@sveltejs/kit/hooks';
//   import { handle as sdkHandle, handleError } from 'virtual:sv-sdk/server';
//   export const handle = sequence(sdkHandle, yourHandle);
//   export { handleError };
export { handle, handleError } from 'virtual:sv-sdk/server';
