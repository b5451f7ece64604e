import precompiled from '../../theme/precompiled.css?inline';

/** Loads the kit's stylesheet into the test page (for assertions on computed styles); returns the unload. */
export function loadKitStyles(): () => void {
  const style = document.createElement('style');
  style.textContent = precompiled;
  document.head.append(style);
  return () => style.remove();
}
