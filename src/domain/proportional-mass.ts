import type { Composition, Grams } from './events';

/**
 * Scales a composition by part/whole of the gross mass, per mineral, rounding down: rounding
 * may only ever lose mineral mass, never create it, so mass balance holds by construction.
 * When part equals whole the composition comes back exactly. Minerals scaled to 0 g are dropped.
 */
export function scaleComposition(composition: Composition, part: Grams, whole: Grams): Composition {
  if (whole <= 0 || part < 0 || part > whole) throw new RangeError(`cannot scale by ${part}/${whole}`);
  const out: Composition = {};
  for (const [mineral, grams] of Object.entries(composition)) {
    const scaled = part === whole ? grams : Number((BigInt(grams) * BigInt(part)) / BigInt(whole));
    if (scaled > 0) out[mineral] = scaled;
  }
  return out;
}

/** Rule 6: what an input gives up when `consumedG` of its `remainingG` gross is consumed. */
export function givenUpBy(composition: Composition, remainingG: Grams, consumedG: Grams): Composition {
  return scaleComposition(composition, consumedG, remainingG);
}

/** Rule 5: a shortfall loses minerals in proportion; a surplus never creates any. */
export function compositionAfterReceipt(composition: Composition, shippedG: Grams, receivedG: Grams): Composition {
  return receivedG < shippedG ? scaleComposition(composition, receivedG, shippedG) : { ...composition };
}

/** Rule 5's threshold, exactly: |received − shipped| > 0.5 % of shipped. */
export function isMassDiscrepancy(shippedG: Grams, receivedG: Grams): boolean {
  const difference = BigInt(Math.abs(receivedG - shippedG));
  return difference * 1000n > 5n * BigInt(shippedG);
}
