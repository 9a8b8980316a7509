# A downloaded module: not the project's code, never pointed at.
resource "aws_security_group" "this" {
  name = "web"
}
