variable "names" {
  type = set(string)
}

resource "aws_s3_bucket" "logs" {
  for_each = var.names
  bucket   = "acme-${each.key}"
}
