# The configuration of testdata/reports/plan.json, for the reports' source locations.
/*
resource "aws_db_instance" "orders" {   # inside a block comment: not the block
}
*/
resource "aws_db_instance" "orders" {
  identifier = "orders"
  engine     = "mysql"
  # resource "aws_db_instance" "main" {  (a comment, not the block)
}

resource "aws_db_instance" "main" {
  identifier          = "main"
  deletion_protection = false
  user_data           = <<EOT
resource "aws_s3_bucket" "evil" {
EOT
}

resource "aws_s3_bucket" "evil" {
  for_each = toset(var.keys)
  bucket   = "acme-${each.key}"
}

module "storage" {
  source = "./modules/storage"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_s3_bucket" "invoices" {
  bucket = "acme-invoices"
}

moved {
  from = aws_s3_bucket.billing
  to   = aws_s3_bucket.invoices
}
