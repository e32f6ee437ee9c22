"""Walmart, eBay, Shopify payouts and FX rates readers on small hand-made files."""

from datetime import date
from decimal import Decimal

from ingestion.landing import ingest_source, route_landing_root
from ingestion.report import LOADED
from ingestion.sources import SOURCES
from ingestion_helpers import assert_accounting, column

WALMART_V1_HEADER = (
    "Period Start Date,Period End Date,Total Payable,Currency,Transaction Key,Transaction Posted Timestamp,"
    "Transaction Type,Transaction Description,Customer Order #,Customer Order line #,Purchase Order #,"
    "Purchase Order line #,Amount,Amount Type,Ship Qty,Commission Rate,Transaction Reason Description,"
    "Partner Item Id,Partner GTIN,Partner Item Name,Product Tax Code,Ship to State,Ship to City,Ship to Zipcode,"
    "Contract Category,Product Type,Commission Rule,Shipping Method,Fulfillment Type"
)


def walmart_v1_row(key, kind, amount, amount_type, posted="03/05/2026"):
    return (
        f"03/01/2026,03/14/2026,14.60,USD,{key},{posted},{kind},Purchase,2001,1,3001,1,{amount},{amount_type},1,15,,"
        "MUG-1,00012345678905,Mug,2038345,NJ,Newark,07101,Home,Mug,Standard,Standard,Seller Fulfilled"
    )


# Total Payable 14.60 = 20.00 product price - 3.00 commission - 2.40 (refund 2.00 + refunded commission -0.40
# are the third and fourth rows: -4.00 refunded price + 0.60 commission back, so 20 - 3 - 4 + 0.60 + 1.00 = 14.60).
WALMART_V1 = "\n".join(
    [
        WALMART_V1_HEADER,
        walmart_v1_row("K1", "SALE", "20.00", "Product Price"),
        walmart_v1_row("K1", "SALE", "-3.00", "Commission on Product"),
        walmart_v1_row("K2", "REFUNDED", "-4.00", "Product Price"),
        walmart_v1_row("K2", "REFUNDED", "0.60", "Commission on Product"),
        walmart_v1_row("K3", "ADJMNT", "1.00", "Fee/Reimbursement"),
        walmart_v1_row("K4", "SALE", "12.x0", "Product Price"),
        walmart_v1_row("K5", "SALE", "1.00", "Product Price", posted="2026-13-01"),
    ]
) + "\n"

WALMART_WIDE = (
    "Walmart.com Order #,Walmart.com Order Line #,Walmart.com PO #,Walmart.com P.O. Line #,Partner Order #,"
    "Transaction Type,Transaction Date Time,Shipped Qty,Partner Item ID,Partner GTIN,Partner Item name,"
    "Total tender to / from customer,Payable to Partner from Sale,Commission from Sale,Commission Rate,"
    "Gross Sales Revenue,Refunded Retail Sales,Gross Shipping Revenue,Total NET Tax Collected,Return Reason Description\n"
    # 25.00 sales + 4.99 shipping - 3.75 commission = 26.24 payable; tax 2.06 collected and -2.06 withheld.
    "2001,1,3001,1,,SALE,03/05/2026 10:20:30,1,MUG-1,00012345678905,Mug,32.05,26.24,-3.75,15,25.00,,4.99,,\n"
    "2002,1,3002,1,,REFUNDED,03/07/2026,1,MUG-1,00012345678905,Mug,-25.00,-21.25,3.75,15,,-25.00,,,Damaged item\n"
    "2003,1,3003,1,,ADJMNT,03/08/2026,,,,,,0.00,,,,,,,\n"
)

EBAY = (
    '"Transaction report"\n'
    '"Start date: Mar 1, 2026"\n'
    '"End date: Mar 31, 2026"\n'
    "\n"
    '"Transaction creation date","Type","Order number","Legacy order ID","Buyer username","Buyer name",'
    '"Net amount","Payout currency","Payout date","Payout ID","Payout status","Item ID","Transaction ID",'
    '"Item title","Custom label","Quantity","Item subtotal","Shipping and handling","Seller collected tax",'
    '"eBay collected tax","Final Value Fee - fixed","Final Value Fee - variable","International fee",'
    '"Gross transaction amount","Transaction currency","Reference ID","Description"\n'
    # 20.00 + 5.00 - 0.30 - 3.25 = 21.45 net; eBay collected tax 1.75 is remitted by eBay.
    '"Mar 3, 2026","Order","01-12345-67890","123","buyer1","Jane Doe","21.45","USD","Mar 5, 2026","P-1","Paid",'
    '"1111","T-1","Mug","MUG-1","1","20.00","5.00","--","1.75","-0.30","-3.25","--","26.75","USD","--","--"\n'
    '"Mar 4, 2026","Other fee","01-12345-67890","--","--","--","-1.50","USD","Mar 5, 2026","P-1","Paid",'
    '"1111","--","--","--","--","--","--","--","--","--","--","--","-1.50","USD","--","Promoted Listings - General fee"\n'
    '"Mar 4, 2026","Order","01-99999-00000","--","--","--","abc","USD","--","--","--",'
    '"1112","T-2","Pen","PEN-1","1","2.00","--","--","--","--","--","--","2.00","USD","--","--"\n'
)

PAYOUTS = (
    "Payout Date,Status,Charges,Refunds,Adjustments,Reserved Funds,Fees,Retried Amount,Total,Currency\n"
    "2026-03-05,paid,450.00,-20.00,0.00,0.00,-13.35,0.00,416.65,USD\n"
    "2026-03-06,paid,100.00,0.00,0.00,0.00,-3.20,0.00,,USD\n"
)

FX = "rate_date,base_currency,quote_currency,rate\n2026-03-05,EUR,USD,1.08765432\n2026-03-05,CAD,USD,0\n"


def read(source: str, text: str):
    return SOURCES[source].read(text.encode(), f"{source}.csv")


def test_walmart_recon_v1_long_form():
    result = read("walmart_recon", WALMART_V1)

    assert set(column(result.table, "layout")) == {"v1"}
    assert column(result.table, "amount") == [
        Decimal("20.00"), Decimal("-3.00"), Decimal("-4.00"), Decimal("0.60"), Decimal("1.00")
    ]
    assert column(result.table, "amount_type")[1] == "Commission on Product"
    assert column(result.table, "posted_date")[0] == date(2026, 3, 5)
    assert column(result.table, "period_end_date")[0] == date(2026, 3, 14)
    assert sum(column(result.table, "amount")) == Decimal("14.60")
    assert column(result.rejects, "column") == ["Amount", "Transaction Posted Timestamp"]
    assert column(result.rejects, "line_number") == [7, 8]
    assert_accounting(result)


def test_walmart_recon_wide_unpivots_amounts():
    result = read("walmart_recon", WALMART_WIDE)
    sale = [row for row in result.table.to_pylist() if row["_line_number"] == 2]

    assert [row["amount_column"] for row in sale] == ["Gross Sales Revenue", "Gross Shipping Revenue", "Commission from Sale"]
    assert sum(row["amount"] for row in sale) == sale[0]["line_payable"] == Decimal("26.24")
    assert sale[0]["posted_date"] == date(2026, 3, 5)
    assert sale[0]["currency"] == "USD"
    refund = [row for row in result.table.to_pylist() if row["_line_number"] == 3]
    assert refund[0]["transaction_reason"] == "Damaged item"
    # The adjustment has no amount column filled but is kept as one row with a null amount.
    adjustment = [row for row in result.table.to_pylist() if row["_line_number"] == 4]
    assert [row["amount"] for row in adjustment] == [None]
    assert_accounting(result)


def test_walmart_recon_unknown_layout_named():
    result_error = None
    try:
        read("walmart_recon", "Transaction Type,Partner GTIN,Commission Rate\nSALE,1,15\n")
    except ValueError as error:
        result_error = str(error)
    assert result_error is not None
    assert "'Period Start Date'" in result_error
    assert "'Walmart.com Order #'" in result_error


def test_ebay_preamble_and_dashes():
    result = read("ebay_transactions", EBAY)
    rows = result.table.to_pylist()

    assert [row["_line_number"] for row in rows] == [6, 7]
    assert rows[0]["transaction_date"] == date(2026, 3, 3)
    assert rows[0]["seller_collected_tax"] is None
    assert rows[0]["net_amount"] == Decimal("21.45")
    assert rows[0]["item_subtotal"] + rows[0]["shipping_and_handling"] + rows[0]["final_value_fee_fixed"] + rows[0][
        "final_value_fee_variable"
    ] == rows[0]["net_amount"]
    assert rows[1]["description"] == "Promoted Listings - General fee"
    assert "buyer_name" not in result.table.column_names
    assert column(result.rejects, "line_number") == [8]
    assert column(result.rejects, "column") == ["Net amount"]
    assert_accounting(result)


def test_ebay_without_header_rejected():
    try:
        read("ebay_transactions", '"Transaction report"\n"nothing else"\n')
    except ValueError as error:
        assert "no header row" in str(error)
    else:
        raise AssertionError("a file without the header was read")


def test_shopify_payouts():
    result = read("shopify_payouts", PAYOUTS)

    assert column(result.table, "total") == [Decimal("416.65")]
    assert column(result.table, "payout_date") == [date(2026, 3, 5)]
    assert column(result.rejects, "column") == ["Total"]
    assert_accounting(result)


def test_fx_rates_keep_eight_decimals():
    result = read("fx_rates", FX)

    assert column(result.table, "rate") == [Decimal("1.08765432")]
    assert column(result.rejects, "column") == ["rate"]
    assert column(result.rejects, "reason") == ["not a positive decimal with at most 8 decimals"]
    assert_accounting(result)


def test_walmart_orders():
    header = "PO#,Order#,Order Date,Ship By,Line#,Status,Item Description,SKU,Qty,Item Cost,Shipping Cost,Tax"
    result = read(
        "walmart_orders",
        f"{header}\n3001,2001,03/04/2026,03/06/2026,1,Shipped,Mug,MUG-1,2,25.00,4.99,2.06\n"
        "3002,2002,03/04/2026,,1,Created,Pen,PEN-1,-1,2.00,,\n",
    )

    assert column(result.table, "order_date") == [date(2026, 3, 4)]
    assert column(result.table, "currency") == [None]
    assert column(result.rejects, "column") == ["Qty"]
    assert_accounting(result)


def test_dropped_ebay_report_routed_past_preamble(data_paths):
    (data_paths.landing / "ebay.csv").write_bytes(EBAY.encode())
    (data_paths.landing / "walmart.csv").write_bytes(WALMART_WIDE.encode())
    outcomes = {outcome.file_name: outcome for outcome in route_landing_root(data_paths)}

    assert outcomes["ebay.csv"].source == "ebay_transactions"
    assert outcomes["walmart.csv"].source == "walmart_recon"
    report = ingest_source(data_paths, "ebay_transactions")
    assert [outcome.status for outcome in report.files] == [LOADED]
    assert report.rows_read == 3
    assert report.rows_loaded == 2
    assert report.rows_quarantined == 1
