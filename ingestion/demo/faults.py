"""The register of faults injected on purpose, written to the manifest.

Each fault has a stable id (`F0001` ...) and names the channel, order, line and file
it sits in, so a test can check that the pipeline reports exactly these.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

# Fault types, named as the pipeline's exception types where one exists.
STOCK_CANCEL = "stock_cancel"
LATE_SHIPMENT = "late_shipment"
UNMAPPED_SKU = "unmapped_sku"
UNMAPPED_STATUS = "unmapped_status"
DUPLICATE_ORDER = "duplicate_order"
PAYMENT_HOLD = "payment_hold"
FEE_OFF_SCHEDULE = "fee_off_schedule"
OVER_PROMISE = "over_promise"


@dataclass
class Fault:
    """One injected fault and where it is."""

    id: str
    type: str
    channel: str
    order_id: str | None = None
    line_number: int | None = None
    channel_sku: str | None = None
    sku: str | None = None
    file: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class FaultLog:
    """Faults in the order they were injected; ids follow that order."""

    faults: list[Fault] = field(default_factory=list)

    def add(self, fault_type: str, channel: str, **where: Any) -> Fault:
        fault = Fault(id=f"F{len(self.faults) + 1:04d}", type=fault_type, channel=channel, **where)
        self.faults.append(fault)
        return fault

    def of_type(self, fault_type: str) -> list[Fault]:
        return [f for f in self.faults if f.type == fault_type]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for fault in self.faults:
            counts[fault.type] = counts.get(fault.type, 0) + 1
        return counts

    def as_records(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.faults]
