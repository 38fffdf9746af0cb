import type { LotState } from '../../domain/lot';
import { formatComposition, formatKg } from '../../domain/mass';

/** The lot state of the contract: masses back in decimal-string kilograms. */
export function lotView(lot: LotState, position: bigint | null) {
  return {
    lotId: lot.lotId,
    form: lot.form,
    status: lot.status,
    custodianId: lot.custodianId,
    grossMassKg: formatKg(lot.grossMassG),
    composition: formatComposition(lot.composition),
    openFlags: lot.openFlags,
    origin: lot.origin,
    locationFacilityId: lot.locationFacilityId,
    pendingShipment: lot.pendingShipment
      ? { ...lot.pendingShipment, grossMassKg: formatKg(lot.pendingShipment.grossMassG), grossMassG: undefined }
      : null,
    certifications: lot.certifications,
    holders: lot.holders,
    position: position === null ? null : position.toString(),
  };
}
