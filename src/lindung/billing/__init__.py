"""Billing: monthly contribution runs, invoices per payer, payments and statements, arrears and late fines."""
