# A three-tier web application: ALB -> Auto Scaling group (mixed on-demand/spot, target tracking)
# -> Redis cache -> RDS MySQL Multi-AZ with a read replica, in the public terraform-aws-modules VPC.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.79"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "network" {
  source = "./modules/vpc"

  name               = "shop"
  cidr               = "10.20.0.0/16"
  azs                = ["us-east-1a", "us-east-1b", "us-east-1c"]
  public_subnets     = ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"]
  private_subnets    = ["10.20.10.0/24", "10.20.11.0/24", "10.20.12.0/24"]
  database_subnets   = ["10.20.20.0/24", "10.20.21.0/24", "10.20.22.0/24"]
  enable_nat_gateway = true
  single_nat_gateway = false
}

module "web" {
  source = "./web"

  vpc_id          = module.network.vpc_id
  public_subnets  = module.network.public_subnets
  private_subnets = module.network.private_subnets
}

resource "aws_db_subnet_group" "db" {
  name       = "shop-db"
  subnet_ids = module.network.database_subnets
}

resource "aws_db_instance" "primary" {
  identifier             = "shop-primary"
  engine                 = "mysql"
  instance_class         = "db.r6g.large"
  allocated_storage      = 200
  multi_az               = true
  username               = "shop"
  manage_master_user_password = true
  db_subnet_group_name   = aws_db_subnet_group.db.name
  skip_final_snapshot    = true
  backup_retention_period = 7
}

resource "aws_db_instance" "replica" {
  identifier          = "shop-replica"
  instance_class      = "db.r6g.large"
  replicate_source_db = aws_db_instance.primary.identifier
  skip_final_snapshot = true
}

resource "aws_elasticache_subnet_group" "cache" {
  name       = "shop-cache"
  subnet_ids = module.network.private_subnets
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "shop-sessions"
  description                = "sessions and page fragments"
  engine                     = "redis"
  node_type                  = "cache.r6g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.cache.name
}
